"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.56811,  # rule_score
    0.565263,  # sentence_match
    1.24241,  # sentence_match_idf
    0.453165,  # sentence_rank
    0.75378,  # passage_rank
    0.855444,  # passage_match
    0.418568,  # context_coverage
    0.333786,  # sentence_coverage
    0.965978,  # names_what_is_asked
    0.0257342,  # default_asked_and_said
    0.0629543,  # in_code
    0.0677523,  # in_table
    0.00421634,  # in_heading
    0.687118,  # plain_word
    0.140411,  # length
    0.117699,  # section_match
    0.117912,  # first_wanted_type
)
SCALE = (
    1.02903,  # rule_score
    0.317437,  # sentence_match
    0.886014,  # sentence_match_idf
    0.296269,  # sentence_rank
    0.249971,  # passage_rank
    0.213575,  # passage_match
    0.249622,  # context_coverage
    0.238837,  # sentence_coverage
    0.181284,  # names_what_is_asked
    0.158341,  # default_asked_and_said
    0.242881,  # in_code
    0.25132,  # in_table
    0.0647963,  # in_heading
    0.463667,  # plain_word
    0.0692907,  # length
    0.154084,  # section_match
    0.322504,  # first_wanted_type
)
WEIGHT = (
    0.553904,  # rule_score
    0.293421,  # sentence_match
    0.00872783,  # sentence_match_idf
    0.107012,  # sentence_rank
    0.167925,  # passage_rank
    0.387105,  # passage_match
    0.503275,  # context_coverage
    0.146987,  # sentence_coverage
    0.124877,  # names_what_is_asked
    0.352083,  # default_asked_and_said
    0.129902,  # in_code
    0.00187778,  # in_table
    0.0356835,  # in_heading
    -0.212374,  # plain_word
    0.0613006,  # length
    0.307173,  # section_match
    0.076881,  # first_wanted_type
)
