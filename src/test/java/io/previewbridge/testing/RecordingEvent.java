package io.previewbridge.testing;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A CDI event that records what was fired and hands it to an observer, synchronously. */
public final class RecordingEvent<T> implements Event<T> {

  public final List<T> fired = new ArrayList<>();
  private final Consumer<T> observer;

  public RecordingEvent(Consumer<T> observer) {
    this.observer = observer;
  }

  public RecordingEvent() {
    this(e -> {});
  }

  @Override
  public void fire(T event) {
    fired.add(event);
    observer.accept(event);
  }

  @Override
  public <U extends T> CompletionStage<U> fireAsync(U event) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Event<T> select(Annotation... qualifiers) {
    return this;
  }

  @Override
  public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
    throw new UnsupportedOperationException();
  }
}
