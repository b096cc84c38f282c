package io.aya.cluster;

/**
 * One member's answer to a command sent to every member ({@link ClusterNode#broadcast}).
 *
 * @param answered false when the member did not answer in time (then {@code ok} is false and {@code body}
 *     says so)
 * @param ok whether the member's handler completed; false with the handler's error message as {@code body}
 * @param body what the handler returned (opaque to the cluster module), or the error
 */
public record CommandResult(boolean answered, boolean ok, String body) {}
