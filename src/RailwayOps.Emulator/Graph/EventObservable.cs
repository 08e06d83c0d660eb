namespace RailwayOps.Emulator.Graph;

/// <summary>
/// An observable over store events. Events arrive on whichever thread changed the state, so calls
/// to the observer are serialised; disposing the subscription detaches the handler.
/// </summary>
public sealed class EventObservable<T>(Func<Action<T>, IDisposable> attach) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        var gate = new object();
        var closed = false;
        void Emit(T value)
        {
            lock (gate)
            {
                if (closed)
                    return;
                try
                {
                    observer.OnNext(value);
                }
                catch (Exception error)
                {
                    closed = true;
                    observer.OnError(error);
                }
            }
        }
        var detach = attach(Emit);
        return new Subscription(() =>
        {
            lock (gate)
                closed = true;
            detach.Dispose();
        });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                dispose();
        }
    }
}

public sealed class DisposableAction(Action action) : IDisposable
{
    public void Dispose() => action();
}
