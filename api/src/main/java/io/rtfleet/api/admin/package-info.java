/**
 * The node admin API as a contract: the records every call takes and answers, the paths, and the
 * one codec that reads and writes them on both sides (the node, the coordinator, the operator and
 * {@code rtctl}). Documented in {@code docs/admin-api.md}.
 *
 * <p>Compatibility: within a major version ({@link AdminPaths#VERSION}) fields are only added,
 * never renamed, removed or given another meaning, and a reader ignores fields it does not know, so
 * a node and a coordinator one release apart work together during a rolling upgrade.
 */
package io.rtfleet.api.admin;
