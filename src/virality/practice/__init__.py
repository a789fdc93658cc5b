"""Study E: the practitioners' claims (issue 15).

E1 tests "focus on a city or on a specific population category" with simple and complex contagion (Centola,
Science 2010) under concentrated, random and top-degree seeding (:mod:`.graphs`, :mod:`.contagion`,
:mod:`.seeding`, :mod:`.campaigns`). E2 splits attention into organic, viral and paid levers with a Hawkes
intensity process (HIP, Rizoiu et al. WWW 2017; :mod:`.levers`, :mod:`.series`). Entry points: :mod:`.study`.
"""
