"""The generated paper: results tables → numbers in the text, published values beside reproduced ones.

One module a job, all pure (files and tables in, text and tables out; no snakemake, no study package):
``numbers`` formats numbers; ``tables`` reads results tables through :mod:`virality.contracts`;
``published`` compares ``paper/published.yaml`` with them (``measures`` reads our value, ``verdicts`` rules);
``provenance`` reads the data manifests; ``render`` fills the jinja2 template (Markdown, then one HTML page);
``pdf`` prints it; ``plan`` lists the inputs of ``workflow/rules/paper.smk``.
"""

from __future__ import annotations

from virality import contracts
from virality.files import DataError


class PaperError(DataError):
    """The paper cannot be built: the message names the file, the entry or column, and what was expected."""


#: The studies the paper reports: section title, the original study and its data, prefix of their figures
#: and rules, and the results tables the paper reads. A and D: every table of the study's contract; B and
#: C: the ones the text reads (they also write detail tables the paper does not need). ``optional_tables``
#: are read when some rule builds them.
STUDIES: dict[str, dict] = {
    "A": {
        "title": "Word of mouth versus editorial exposure",
        "original": "Cha, Mislove & Gummadi (2009): favourite markings and contact links on Flickr",
        "figure_prefix": "attribution",
        "tables": contracts.of_study("A"),
    },
    "B": {
        "title": "Predicting success from the early audience",
        "original": "Wu & Huberman (2007), Szabo & Huberman (2010): Digg stories and YouTube videos",
        "figure_prefix": "prediction",
        "tables": [
            "novelty_decay",
            "prediction_correlation",
            "prediction_error",
            "prediction_limits",
            "prediction_grids",
        ],
    },
    "C": {
        "title": "The emotional content of viral articles",
        "original": "Berger & Milkman (2012): New York Times articles and the most-emailed list",
        "figure_prefix": "content",
        "tables": [
            "content_emotion_odds",
            "content_prediction",
            "content_coverage",
            "content_robustness",
            "content_measure_agreement",
        ],
        "optional_tables": ["content_features"],
    },
    "D": {
        "title": "Influentials, the forest fire and unpredictability",
        "original": "Watts & Dodds (2007): simulated networks; Salganik, Dodds & Watts (2006): the MusicLab "
        "experiment; Bakshy et al. (2011): Twitter cascades",
        "figure_prefix": "influence",
        "tables": contracts.of_study("D"),
        "optional_tables": contracts.of_study("conclusions"),
    },
    "E": {
        "title": "The practitioners' claims: concentrated seeding and the levers of visibility",
        "original": "Centola (2010): a spreading experiment on clustered and random online networks; "
        "Rizoiu et al. (2017): the Hawkes intensity process of popularity under promotion",
        "figure_prefix": "practice",
        "tables": contracts.of_study("E"),
    },
}

#: Tables the paper reads whatever the studies: the skipped steps (issue 11) and the seed check.
GENERAL_TABLES = ("skipped", "seed_variation")
