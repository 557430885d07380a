"""Readers: a published file's bytes -> text in one of the text layouts the pipeline reads,
with the page each line came from. The templates never know which reader was used."""
