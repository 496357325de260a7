"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.59822,  # rule_score
    0.570715,  # sentence_match
    1.19605,  # sentence_match_idf
    0.455151,  # sentence_rank
    0.754824,  # passage_rank
    0.862973,  # passage_match
    0.409973,  # context_coverage
    0.327656,  # sentence_coverage
    0.970062,  # names_what_is_asked
    0.0212841,  # default_asked_and_said
    0.057888,  # in_code
    0.0674775,  # in_table
    0.00467782,  # in_heading
    0.669863,  # plain_word
    0.14336,  # length
    0.111534,  # section_match
    0.133552,  # first_wanted_type
    0.650818,  # fact_rarity
)
SCALE = (
    1.04215,  # rule_score
    0.317459,  # sentence_match
    0.85226,  # sentence_match_idf
    0.295263,  # sentence_rank
    0.249953,  # passage_rank
    0.207926,  # passage_match
    0.243988,  # context_coverage
    0.236178,  # sentence_coverage
    0.170416,  # names_what_is_asked
    0.14433,  # default_asked_and_said
    0.233531,  # in_code
    0.250847,  # in_table
    0.0682344,  # in_heading
    0.470262,  # plain_word
    0.0761743,  # length
    0.15222,  # section_match
    0.34017,  # first_wanted_type
    0.236863,  # fact_rarity
)
WEIGHT = (
    0.452599,  # rule_score
    0.281837,  # sentence_match
    0.0325066,  # sentence_match_idf
    0.129782,  # sentence_rank
    0.0399368,  # passage_rank
    0.517857,  # passage_match
    0.411176,  # context_coverage
    0.12618,  # sentence_coverage
    0.127136,  # names_what_is_asked
    0.278483,  # default_asked_and_said
    0.0983471,  # in_code
    -0.121011,  # in_table
    0.0441834,  # in_heading
    -0.204186,  # plain_word
    0.0337325,  # length
    0.376654,  # section_match
    0.0611553,  # first_wanted_type
    0.309726,  # fact_rarity
)
