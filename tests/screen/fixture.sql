-- What JSON cannot carry: raw invalid UTF-8 in a title and an assignee.
UPDATE issues SET title = 'Invalid ' || CAST(X'FF' AS TEXT) || ' bytes ' || CAST(X'C0AF' AS TEXT) || ' here ' || CAST(X'EDA080' AS TEXT) || '.' WHERE id = 'tt-badutf8';
