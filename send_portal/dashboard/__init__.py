"""The SEN manager's pipeline and caseloads (a cross-app screen): every figure is a count of
cases, defined once as a condition on the case, so its number and the list it opens are the
same query (`selectors.figure_q`), and allocation of the unallocated work."""
