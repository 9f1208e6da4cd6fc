"""Reading files into domain values, with located problems: YAML, fields, rule and fact
files, projects, quotes, git revisions.
"""
