"""Near-duplicate machinery for the DU rules: shingle hashing, MinHash signatures, LSH
banding, union-find and a disk-backed shingle store. Plain numpy, no rule logic here:
the rules in ``validator/rules/duplicates.py`` decide what to report."""
