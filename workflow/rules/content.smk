# Rules of the content study: see the issue; filled in by its module.
