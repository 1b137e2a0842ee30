"""Text helpers shared by the stages: date words and date parsing (:mod:`onrecord.text.dates`)."""
