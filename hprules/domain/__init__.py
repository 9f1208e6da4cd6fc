"""The domain values: dates and holidays, the rule book, facts, findings and their status
values, located problems and exit codes. Pure; imports nothing else of hprules.
"""
