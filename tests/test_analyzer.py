from docent.retrieval.analyzer import analyze, fold, stem


def test_diacritics_fold_so_vucic_matches_vucic():
    assert analyze("Vučić") == analyze("Vucic") == ["vucic"]
    assert fold("Härmälä Sveçla Đorđe") == "harmala svecla dorde"


def test_lowercases_and_drops_stopwords():
    assert analyze("Which border crossing did Kosovo close?") == ["border", "cross", "kosovo", "clos"]


def test_light_stemming_joins_inflections():
    assert stem("closed") == stem("closing") == stem("close")
    assert stem("crossings") == stem("crossing")
    assert stem("cities") == "city"
    assert stem("news") != ""


def test_numbers_are_kept_whole():
    assert analyze("2008 and 50,000") == ["2008", "50", "000"]


def test_short_words_are_not_stemmed_to_nothing():
    for word in ["is", "eds", "bus", "ing", "sss"]:
        assert stem(word)


def test_a_word_whose_stem_is_a_stopword_is_still_a_term():
    assert analyze("ÞES thes") == ["thes", "thes"]  # "thes" would stem to "the", a stopword
