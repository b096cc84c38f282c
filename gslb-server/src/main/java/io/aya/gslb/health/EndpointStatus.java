package io.aya.gslb.health;

import io.aya.cluster.OperatorOverride;
import java.util.List;
import java.util.Objects;

/**
 * Everything the view knows about one checked endpoint, for the admin API.
 *
 * @param key endpoint key ({@code zone/check@address})
 * @param up the effective state the answer path uses (overrides applied)
 * @param checkedUp the cluster's verdict from checks alone (quorum or cold-start rule)
 * @param reason why {@code up} is what it is, in words ({@code "2 of 3 observers say down (majority)"})
 * @param override the active FORCE_UP/FORCE_DOWN override deciding it, or null
 * @param observations every member's latest observation, counted or not, sorted by node
 * @param lastDetail detail of the newest observation, or "" when there is none
 * @param lastResultMillis time of the newest observation (epoch millis), or 0 when there is none
 */
public record EndpointStatus(
    String key,
    String zone,
    String region,
    String check,
    String address,
    boolean up,
    boolean checkedUp,
    String reason,
    OperatorOverride override,
    List<NodeObservation> observations,
    String lastDetail,
    long lastResultMillis) {
  public EndpointStatus {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reason, "reason");
    observations = List.copyOf(observations);
    Objects.requireNonNull(lastDetail, "lastDetail");
  }
}
