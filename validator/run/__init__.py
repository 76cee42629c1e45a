"""Runners: the same per-document function (``engine.process_document``) and the same
corpus stage (``api.corpus_stage``) on one core, on all cores of a machine
(``local``), or on a Ray cluster (``ray_runner``). ``shards`` keeps the finished work of
a ``clean`` run so an interrupted run resumes; ``progress`` tells a person how it goes."""
