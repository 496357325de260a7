"""The weights of the learned candidate ranking (answering/ranking.py), one row a feature of ranking.FEATURES.

Written by bench/train_ranker.py: do not edit."""

MEAN = (
    1.55716,  # rule_score
    0.56581,  # sentence_match
    1.21561,  # sentence_match_idf
    0.454663,  # sentence_rank
    0.754176,  # passage_rank
    0.857942,  # passage_match
    0.413284,  # context_coverage
    0.330639,  # sentence_coverage
    0.969223,  # names_what_is_asked
    0.0236749,  # default_asked_and_said
    0.0616862,  # in_code
    0.0612916,  # in_table
    0.00447192,  # in_heading
    0.687623,  # plain_word
    0.140915,  # length
    0.11143,  # section_match
    0.118374,  # first_wanted_type
    0.647193,  # fact_rarity
)
SCALE = (
    1.02572,  # rule_score
    0.317447,  # sentence_match
    0.870748,  # sentence_match_idf
    0.29563,  # sentence_rank
    0.249965,  # passage_rank
    0.211744,  # passage_match
    0.248462,  # context_coverage
    0.23808,  # sentence_coverage
    0.172714,  # names_what_is_asked
    0.152034,  # default_asked_and_said
    0.240585,  # in_code
    0.239864,  # in_table
    0.0667227,  # in_heading
    0.463463,  # plain_word
    0.0714306,  # length
    0.151442,  # section_match
    0.323051,  # first_wanted_type
    0.237228,  # fact_rarity
)
WEIGHT = (
    0.486543,  # rule_score
    0.265634,  # sentence_match
    0.0481453,  # sentence_match_idf
    0.114087,  # sentence_rank
    0.158178,  # passage_rank
    0.364692,  # passage_match
    0.452504,  # context_coverage
    0.152419,  # sentence_coverage
    0.129234,  # names_what_is_asked
    0.29017,  # default_asked_and_said
    0.0998126,  # in_code
    -0.0172065,  # in_table
    0.0462196,  # in_heading
    -0.193326,  # plain_word
    0.0400359,  # length
    0.385754,  # section_match
    0.0768339,  # first_wanted_type
    0.288882,  # fact_rarity
)
