# Rules of the paper study: see the issue; filled in by its module.
