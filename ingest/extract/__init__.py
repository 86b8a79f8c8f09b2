"""The Extractor stage: entity mentions (spaCy en/zh + gazetteer), relations, evaluation."""
