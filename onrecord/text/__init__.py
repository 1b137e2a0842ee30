"""Text helpers shared by several stages: the characters the parser sees (:mod:`.chars`), the one set
of rules for person names (:mod:`.names`), and date words and date parsing (:mod:`.dates`)."""
