"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.608,  # rule_score
    0.579355,  # sentence_match
    1.25202,  # sentence_match_idf
    0.460797,  # sentence_rank
    0.751958,  # passage_rank
    0.868692,  # passage_match
    0.414533,  # context_coverage
    0.33382,  # sentence_coverage
    0.973442,  # names_what_is_asked
    0.0216774,  # default_asked_and_said
    0.0526614,  # in_code
    0.0811486,  # in_table
    0.00431279,  # in_heading
    0.669618,  # plain_word
    0.143556,  # length
    0.112734,  # section_match
    0.135399,  # first_wanted_type
    0.651233,  # fact_rarity
)
SCALE = (
    1.03805,  # rule_score
    0.318745,  # sentence_match
    0.927013,  # sentence_match_idf
    0.295858,  # sentence_rank
    0.249992,  # passage_rank
    0.207491,  # passage_match
    0.242595,  # context_coverage
    0.236039,  # sentence_coverage
    0.160787,  # names_what_is_asked
    0.145628,  # default_asked_and_said
    0.223357,  # in_code
    0.273063,  # in_table
    0.0655301,  # in_heading
    0.470351,  # plain_word
    0.0765199,  # length
    0.152355,  # section_match
    0.342149,  # first_wanted_type
    0.236397,  # fact_rarity
)
WEIGHT = (
    0.441591,  # rule_score
    0.157433,  # sentence_match
    0.0352015,  # sentence_match_idf
    0.187632,  # sentence_rank
    0.130089,  # passage_rank
    0.449648,  # passage_match
    0.400486,  # context_coverage
    0.154559,  # sentence_coverage
    0.0621958,  # names_what_is_asked
    0.325765,  # default_asked_and_said
    0.13735,  # in_code
    -0.101615,  # in_table
    0.0355745,  # in_heading
    -0.196254,  # plain_word
    0.0204354,  # length
    0.379519,  # section_match
    0.0924634,  # first_wanted_type
    0.323703,  # fact_rarity
)
