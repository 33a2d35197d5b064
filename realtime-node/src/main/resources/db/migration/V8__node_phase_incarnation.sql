-- Which life of a node id recorded its phase (a pod's uid): a new pod that takes the name of one
-- drained and deleted starts afresh instead of draining.
ALTER TABLE node_phases ADD COLUMN incarnation TEXT;
