"""Text helpers shared by several stages: the characters the parser sees (:mod:`.chars`) and the
one set of rules for person names (:mod:`.names`)."""
