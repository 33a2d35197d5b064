package io.rtfleet.api.crd;

/** One node's share of a proposal: its load and slots before and after. */
public final class NodeLoad {
  private String node;

  private double loadBefore;

  private double loadAfter;

  private int slotsBefore;

  private int slotsAfter;

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public double getLoadBefore() {
    return loadBefore;
  }

  public void setLoadBefore(double loadBefore) {
    this.loadBefore = loadBefore;
  }

  public double getLoadAfter() {
    return loadAfter;
  }

  public void setLoadAfter(double loadAfter) {
    this.loadAfter = loadAfter;
  }

  public int getSlotsBefore() {
    return slotsBefore;
  }

  public void setSlotsBefore(int slotsBefore) {
    this.slotsBefore = slotsBefore;
  }

  public int getSlotsAfter() {
    return slotsAfter;
  }

  public void setSlotsAfter(int slotsAfter) {
    this.slotsAfter = slotsAfter;
  }
}
