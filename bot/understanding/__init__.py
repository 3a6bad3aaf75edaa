"""Understanding citizens' words: text normalisation, keywords, intents, crisis, language."""
