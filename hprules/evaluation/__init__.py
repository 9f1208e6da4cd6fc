"""Evaluating facts against the rule book: the engine (durable-rules, only there),
inference, statuses, worked examples.
"""
