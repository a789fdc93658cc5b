# Rules of the influence study: see the issue; filled in by its module.
