"""Everything a person reads: words in nb and en, tables, explanations, feeds, pages and
the rule book. Pure.
"""
