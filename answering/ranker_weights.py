"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.61318,  # rule_score
    0.584457,  # sentence_match
    1.23926,  # sentence_match_idf
    0.461963,  # sentence_rank
    0.752354,  # passage_rank
    0.870772,  # passage_match
    0.417207,  # context_coverage
    0.334991,  # sentence_coverage
    0.975089,  # names_what_is_asked
    0.0216709,  # default_asked_and_said
    0.0576203,  # in_code
    0.0745316,  # in_table
    0.00516456,  # in_heading
    0.661975,  # plain_word
    0.142709,  # length
    0.120722,  # section_match
    0.135595,  # first_wanted_type
    0.649574,  # fact_rarity
    0.0104304,  # own_heading
)
SCALE = (
    1.0327,  # rule_score
    0.315716,  # sentence_match
    0.899312,  # sentence_match_idf
    0.296612,  # sentence_rank
    0.249989,  # passage_rank
    0.202939,  # passage_match
    0.239202,  # context_coverage
    0.232628,  # sentence_coverage
    0.155855,  # names_what_is_asked
    0.145607,  # default_asked_and_said
    0.233024,  # in_code
    0.262634,  # in_table
    0.071679,  # in_heading
    0.473037,  # plain_word
    0.0746808,  # length
    0.160217,  # section_match
    0.342358,  # first_wanted_type
    0.236422,  # fact_rarity
    0.101595,  # own_heading
)
WEIGHT = (
    0.406883,  # rule_score
    0.094454,  # sentence_match
    0.160966,  # sentence_match_idf
    0.193276,  # sentence_rank
    0.114121,  # passage_rank
    0.468146,  # passage_match
    0.378315,  # context_coverage
    0.10496,  # sentence_coverage
    0.0666965,  # names_what_is_asked
    0.327719,  # default_asked_and_said
    0.162677,  # in_code
    -0.0813014,  # in_table
    0.0264586,  # in_heading
    -0.237967,  # plain_word
    0.0152965,  # length
    0.409,  # section_match
    0.0480257,  # first_wanted_type
    0.344622,  # fact_rarity
    0.0106065,  # own_heading
)
