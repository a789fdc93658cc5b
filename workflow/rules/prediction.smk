# Rules of the prediction study: see the issue; filled in by its module.
