"""Runners: the same shard work (``batch``: process, count, observe for the corpus
rules, encode) and the same merge and output (``assemble``) on one core, on all cores
of a machine (``local``), or on a Ray cluster (``ray_runner``). ``shards`` keeps the
finished work of a ``clean`` run so an interrupted run resumes; ``progress`` tells a
person how it goes."""
