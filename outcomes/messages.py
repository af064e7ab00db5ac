"""The messages the outcome rules give, shared by the actions, the error summary and the tests."""

REQUIRED = "Enter {label}"
DATE_IN_FUTURE = "{label} must be today or in the past"
CHECK_NOT_DUE_YET = "The sustained outcome check is not due until {due}"
CHECK_RECORDED = "The sustained outcome check has already been recorded"
CHECK_NEEDS_ANSWER = "Say whether the family's outcomes have been sustained"
CHECK_NEEDS_EVIDENCE = "Record the evidence the outcomes were (or were not) sustained"
