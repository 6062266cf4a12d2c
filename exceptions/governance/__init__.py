"""The weekly governance review: what broke in an ISO week, who cleared it, what changed.

- `weeks`, `figures`, `chart`: pure (ISO weeks and their bounds, ticket figures, the chart);
- `queries`, `changes`: what the page reads from the database, in a fixed number of queries;
- `report`: the page's figures for one viewer, scoped by exceptions.access;
- `models`, `actions`: the review people record (attendees, notes, follow-ups, sign-off);
- `views`, `export`, `admin`: the pages under /admin/governance/ and the admin of reviews.
"""
