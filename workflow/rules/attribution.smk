# Rules of the attribution study: see the issue; filled in by its module.
