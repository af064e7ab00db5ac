"""Merge and un-merge the records of one person: the writes (`actions`) and the reads for the
merge pages (`queries`). `from people import merge; merge.X` is the way in.

Two records found to be the same person (by the clerical review queue of bulk linkage, or by a
data officer) are merged: `other` is merged into `keep`. Nothing is deleted: every row that
pointed at `other` — in any app, found by walking the foreign keys to Person — is re-pointed at
`keep` and listed in the PersonMerge's `moved`; an un-merge puts back exactly those rows.
"""

from .actions import (
    ALREADY_MERGED,
    ALREADY_UNDONE,
    CANNOT_PUT_BACK,
    DOB_APART,
    KEEP_MERGED_SINCE,
    NO_SUCH_RECORD,
    NOT_PERMITTED,
    REASON_REQUIRED,
    RELATED,
    RESTRICTED_DIFFER,
    SAME_RECORD,
    STALE,
    TWO_NHS_NUMBERS,
    UNDO_REASON_REQUIRED,
    MergeNotPermitted,
    MergeRefused,
    _dates_years_apart,
    active_merge_of,
    can_merge,
    merge_people,
    merge_problem,
    merge_undone,
    person_references,
    unmerge,
)
from .queries import (
    MergePage,
    MergeSide,
    PersonMerges,
    engine_record,
    find_other,
    get_merge_for,
    get_person_to_merge,
    merge_page,
    merges_for_person_page,
    record_merge_purpose,
)

__all__ = [
    "record_merge_purpose",
    "ALREADY_MERGED",
    "ALREADY_UNDONE",
    "CANNOT_PUT_BACK",
    "DOB_APART",
    "KEEP_MERGED_SINCE",
    "NOT_PERMITTED",
    "NO_SUCH_RECORD",
    "REASON_REQUIRED",
    "RELATED",
    "RESTRICTED_DIFFER",
    "SAME_RECORD",
    "STALE",
    "TWO_NHS_NUMBERS",
    "UNDO_REASON_REQUIRED",
    "MergeNotPermitted",
    "MergePage",
    "MergeRefused",
    "MergeSide",
    "PersonMerges",
    "_dates_years_apart",
    "active_merge_of",
    "can_merge",
    "engine_record",
    "find_other",
    "get_merge_for",
    "get_person_to_merge",
    "merge_page",
    "merge_people",
    "merge_problem",
    "merge_undone",
    "merges_for_person_page",
    "person_references",
    "unmerge",
]
