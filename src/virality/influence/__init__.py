"""Study D, influence: are some individuals "virulent"? (Watts & Dodds 2007; Bakshy et al. 2011; Salganik,
Dodds & Watts 2006).

``graphs`` exposure matrices and random graphs; ``threshold`` the threshold model, its sweeps, the influence
multiplier and the cascade window; ``consistency`` past against next cascade size of creators; ``musiclab``
simulated cultural markets; ``study`` the workflow's entry points and their ``Params``; ``figures`` the
figures. The survey's three conclusions, which also read Studies A and B, are in :mod:`virality.conclusions`.
"""
