-- Group commit for the getStats ingest: bodies that arrive while a store is in flight are stored
-- together, in one call and one transaction (one round trip, one commit), each exactly as
-- relayscope_store_getstats stores it alone. Bodies are taken in connection-id order, so two groups
-- that share connections lock them in the same order and cannot deadlock; two bodies of one
-- connection in a group are stored one after the other, the second seeing the first.
-- p_bodies: [{conn, items, quarantined, join_servers}]; one row per body, by its place (1-based).
CREATE FUNCTION relayscope_store_getstats_many(p_bodies jsonb)
RETURNS TABLE (place int, inserted_stats int, inserted_ice_errors int, inserted_states int, is_joined boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  b record;
  r record;
BEGIN
  FOR b IN
    SELECT e.value AS body, e.ordinality::int AS n
    FROM jsonb_array_elements(p_bodies) WITH ORDINALITY AS e
    ORDER BY e.value->'conn'->>'id', e.ordinality
  LOOP
    SELECT * INTO r FROM relayscope_store_getstats(
      b.body->'conn', b.body->'items', b.body->'quarantined',
      ARRAY(SELECT jsonb_array_elements_text(b.body->'join_servers'))::uuid[]);
    place := b.n;
    inserted_stats := r.inserted_stats;
    inserted_ice_errors := r.inserted_ice_errors;
    inserted_states := r.inserted_states;
    is_joined := r.is_joined;
    RETURN NEXT;
  END LOOP;
END
$fn$;
