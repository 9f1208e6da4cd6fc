"""What writes files: the calendars folder, review stamps, recorded facts, atomic
replacement, git commits.
"""
