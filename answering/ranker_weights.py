"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.60394,  # rule_score
    0.576931,  # sentence_match
    1.24105,  # sentence_match_idf
    0.459247,  # sentence_rank
    0.751278,  # passage_rank
    0.867298,  # passage_match
    0.413739,  # context_coverage
    0.332813,  # sentence_coverage
    0.974435,  # names_what_is_asked
    0.021134,  # default_asked_and_said
    0.052494,  # in_code
    0.0813544,  # in_table
    0.00454494,  # in_heading
    0.669924,  # plain_word
    0.143648,  # length
    0.113277,  # section_match
    0.134757,  # first_wanted_type
    0.650897,  # fact_rarity
)
SCALE = (
    1.03943,  # rule_score
    0.318312,  # sentence_match
    0.922684,  # sentence_match_idf
    0.295376,  # sentence_rank
    0.249997,  # passage_rank
    0.208385,  # passage_match
    0.242326,  # context_coverage
    0.235553,  # sentence_coverage
    0.157834,  # names_what_is_asked
    0.143831,  # default_asked_and_said
    0.223021,  # in_code
    0.273379,  # in_table
    0.0672628,  # in_heading
    0.47024,  # plain_word
    0.0766479,  # length
    0.152314,  # section_match
    0.341464,  # first_wanted_type
    0.236737,  # fact_rarity
)
WEIGHT = (
    0.439698,  # rule_score
    0.152536,  # sentence_match
    0.0627414,  # sentence_match_idf
    0.181085,  # sentence_rank
    0.153584,  # passage_rank
    0.426704,  # passage_match
    0.395284,  # context_coverage
    0.144055,  # sentence_coverage
    0.0433331,  # names_what_is_asked
    0.319443,  # default_asked_and_said
    0.140277,  # in_code
    -0.0928761,  # in_table
    0.0334049,  # in_heading
    -0.197352,  # plain_word
    0.0204491,  # length
    0.359405,  # section_match
    0.0947337,  # first_wanted_type
    0.322465,  # fact_rarity
)
