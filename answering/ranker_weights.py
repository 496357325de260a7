"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.61318,  # rule_score
    0.584457,  # sentence_match
    1.23926,  # sentence_match_idf
    0.461963,  # sentence_rank
    0.752354,  # passage_rank
    0.870772,  # passage_match
    0.392869,  # context_coverage
    0.310888,  # sentence_coverage
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
    0.238466,  # context_coverage
    0.223122,  # sentence_coverage
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
    0.393946,  # rule_score
    0.132339,  # sentence_match
    0.187562,  # sentence_match_idf
    0.196291,  # sentence_rank
    0.110626,  # passage_rank
    0.475142,  # passage_match
    0.34333,  # context_coverage
    0.0530892,  # sentence_coverage
    0.0679232,  # names_what_is_asked
    0.326542,  # default_asked_and_said
    0.162604,  # in_code
    0.000263436,  # in_table
    0.0240325,  # in_heading
    -0.243868,  # plain_word
    0.0151804,  # length
    0.398222,  # section_match
    0.0478035,  # first_wanted_type
    0.343249,  # fact_rarity
    0.00953235,  # own_heading
)
