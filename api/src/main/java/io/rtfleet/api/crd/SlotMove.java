package io.rtfleet.api.crd;

/** One slot of a proposal, from one node to another. */
public final class SlotMove {
  private int slot;

  private String from;

  private String to;

  public int getSlot() {
    return slot;
  }

  public void setSlot(int slot) {
    this.slot = slot;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }
}
