"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.55855,  # rule_score
    0.566338,  # sentence_match
    1.21507,  # sentence_match_idf
    0.454999,  # sentence_rank
    0.75413,  # passage_rank
    0.858321,  # passage_match
    0.413277,  # context_coverage
    0.330424,  # sentence_coverage
    0.969324,  # names_what_is_asked
    0.0235973,  # default_asked_and_said
    0.061484,  # in_code
    0.0610907,  # in_table
    0.00445726,  # in_heading
    0.687598,  # plain_word
    0.140863,  # length
    0.111475,  # section_match
    0.117986,  # first_wanted_type
    0.646563,  # fact_rarity
)
SCALE = (
    1.0253,  # rule_score
    0.317491,  # sentence_match
    0.8697,  # sentence_match_idf
    0.295852,  # sentence_rank
    0.249966,  # passage_rank
    0.211505,  # passage_match
    0.248071,  # context_coverage
    0.237928,  # sentence_coverage
    0.17244,  # names_what_is_asked
    0.151791,  # default_asked_and_said
    0.240216,  # in_code
    0.239497,  # in_table
    0.0666138,  # in_heading
    0.463473,  # plain_word
    0.0713193,  # length
    0.151196,  # section_match
    0.322592,  # first_wanted_type
    0.237444,  # fact_rarity
)
WEIGHT = (
    0.488538,  # rule_score
    0.254003,  # sentence_match
    0.0533668,  # sentence_match_idf
    0.114395,  # sentence_rank
    0.157693,  # passage_rank
    0.365914,  # passage_match
    0.453849,  # context_coverage
    0.153452,  # sentence_coverage
    0.128907,  # names_what_is_asked
    0.289131,  # default_asked_and_said
    0.0991362,  # in_code
    -0.0177561,  # in_table
    0.0460929,  # in_heading
    -0.193229,  # plain_word
    0.0398308,  # length
    0.384611,  # section_match
    0.0758445,  # first_wanted_type
    0.289839,  # fact_rarity
)
