-- The ID generator's high-water mark per worker: IDs up to this time (ms since 2026-01-01) may exist.
CREATE TABLE id_high_water_mark (
    worker INTEGER PRIMARY KEY,
    value  INTEGER NOT NULL
);
