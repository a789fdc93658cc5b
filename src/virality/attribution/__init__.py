"""Study A: word of mouth versus editorial exposure (Cha, Mislove & Gummadi, WWW 2009), and beyond.

Modules: :mod:`.social` (the attribution rule, its nulls and bootstrap), :mod:`.trajectories` (editorial,
word-of-mouth or hybrid curves), :mod:`.timeseries` (Bass and Hawkes external shares), :mod:`.trees`
(broadcast versus person to person on retweet trees), :mod:`.study` (the workflow's entry points and
results tables) and :mod:`.figures`.
"""
