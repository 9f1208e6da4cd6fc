"""hprules: deadlines and compliance of the Helseplattformen agreements.

The public API is in `hprules.api`; the command line in `hprules.cli`.
"""
