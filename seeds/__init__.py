"""The default corpus: the five seed articles (copies of ../shared/seeds), shipped as package data."""
