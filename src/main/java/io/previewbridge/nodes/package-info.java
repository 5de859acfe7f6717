/**
 * Nodes: the PreviewBridge servers that share one database, so that work and Notion's request
 * limits are divided between them.
 *
 * <p>Operations: {@link io.previewbridge.nodes.control.Nodes} names this node ({@code
 * previewbridge.node.name}, default host name and process id, plus a random id that is new at every
 * start), writes its {@code node} row when the application starts and on every beat of {@link
 * io.previewbridge.nodes.control.NodeHeartbeatTimer} ({@code previewbridge.node.heartbeat}, PT10S),
 * and counts the live nodes: those seen within three beats. The count is read from memory,
 * refreshed at each beat.
 *
 * <p>Decisions: nothing is elected and no node is special; change detection and delivery claim
 * their rows in the database, so any node may do any work. A node that dies just stops beating: the
 * others count it out three beats later, and rows of nodes unseen for a day are deleted. The table
 * only informs (the live count, the admin's overview); a node that cannot write its beat keeps
 * working with the last count it knew.
 *
 * <p>Not here: a cluster protocol (Hazelcast, JGroups). The database is the one thing all nodes
 * already share.
 */
package io.previewbridge.nodes;
