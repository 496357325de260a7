"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.61253,  # rule_score
    0.583675,  # sentence_match
    1.23817,  # sentence_match_idf
    0.461396,  # sentence_rank
    0.752247,  # passage_rank
    0.87038,  # passage_match
    0.416817,  # context_coverage
    0.334617,  # sentence_coverage
    0.97526,  # names_what_is_asked
    0.0216096,  # default_asked_and_said
    0.0574573,  # in_code
    0.0743209,  # in_table
    0.00514995,  # in_heading
    0.660103,  # plain_word
    0.142709,  # length
    0.120321,  # section_match
    0.135111,  # first_wanted_type
    0.650298,  # fact_rarity
    0.00969403,  # own_heading
)
SCALE = (
    1.03114,  # rule_score
    0.315593,  # sentence_match
    0.899415,  # sentence_match_idf
    0.296123,  # sentence_rank
    0.24999,  # passage_rank
    0.20318,  # passage_match
    0.239158,  # context_coverage
    0.232464,  # sentence_coverage
    0.155332,  # names_what_is_asked
    0.145405,  # default_asked_and_said
    0.232714,  # in_code
    0.262292,  # in_table
    0.0715782,  # in_heading
    0.473674,  # plain_word
    0.0746114,  # length
    0.160034,  # section_match
    0.341842,  # first_wanted_type
    0.236456,  # fact_rarity
    0.0979799,  # own_heading
)
WEIGHT = (
    0.437905,  # rule_score
    0.103732,  # sentence_match
    0.0963098,  # sentence_match_idf
    0.190981,  # sentence_rank
    0.11138,  # passage_rank
    0.49445,  # passage_match
    0.400278,  # context_coverage
    0.112002,  # sentence_coverage
    0.0702199,  # names_what_is_asked
    0.325399,  # default_asked_and_said
    0.165353,  # in_code
    -0.0849496,  # in_table
    0.0278704,  # in_heading
    -0.211083,  # plain_word
    0.00456993,  # length
    0.402686,  # section_match
    0.0786114,  # first_wanted_type
    0.347198,  # fact_rarity
    0.0141047,  # own_heading
)
