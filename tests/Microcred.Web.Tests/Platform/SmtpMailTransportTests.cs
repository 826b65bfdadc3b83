using System.Net;
using System.Net.Sockets;
using System.Text;
using Microcred.Web.Platform.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Microcred.Web.Tests.Platform;

public sealed class SmtpMailTransportTests
{
    [Fact]
    public async Task Message_is_delivered_to_the_configured_smtp_server_with_its_envelope_and_body()
    {
        await using var server = new RecordingSmtpServer();
        var transport = Transport(server.Port);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("Microcred <no-reply@example.org>"));
        message.To.Add(MailboxAddress.Parse("learner@example.org"));
        message.Subject = "Reset your Microcred password";
        message.Body = new TextPart("plain") { Text = "Follow the link to choose a new password." };

        await transport.SendAsync(message, CancellationToken.None);
        var session = await server.Session.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("MAIL FROM:<no-reply@example.org>", session.Commands);
        Assert.Contains("RCPT TO:<learner@example.org>", session.Commands);
        Assert.Contains("Subject: Reset your Microcred password", session.Data, StringComparison.Ordinal);
        Assert.Contains("Follow the link to choose a new password.", session.Data, StringComparison.Ordinal);
        Assert.Equal("QUIT", session.Commands[^1]);
    }

    [Fact]
    public async Task Unreachable_smtp_server_fails_the_send_instead_of_losing_the_message_silently()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("no-reply@example.org"));
        message.To.Add(MailboxAddress.Parse("learner@example.org"));
        message.Subject = "Unsent";
        message.Body = new TextPart("plain") { Text = "x" };

        await Assert.ThrowsAsync<SocketException>(() => Transport(closedPort).SendAsync(message, CancellationToken.None));
    }

    private static SmtpMailTransport Transport(int port) => new(
        Options.Create(new EmailOptions { Smtp = new SmtpSettings { Host = "127.0.0.1", Port = port, Security = "None" } }),
        NullLogger<SmtpMailTransport>.Instance);

    private sealed record SmtpSession(IReadOnlyList<string> Commands, string Data);

    /// Just enough of RFC 5321 on loopback to accept one message and record what the client said.
    private sealed class RecordingSmtpServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource<SmtpSession> session = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task serving;

        public RecordingSmtpServer()
        {
            listener.Start();
            serving = ServeOneAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public Task<SmtpSession> Session => session.Task;

        private async Task ServeOneAsync()
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync();
                await using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                var commands = new List<string>();
                var data = new StringBuilder();
                await writer.WriteLineAsync("220 localhost test SMTP");
                while (await reader.ReadLineAsync() is { } line)
                {
                    commands.Add(line);
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250 localhost");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                            while (await reader.ReadLineAsync() is { } body && body != ".")
                            {
                                data.AppendLine(body);
                            }
                            await writer.WriteLineAsync("250 queued");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            session.TrySetResult(new SmtpSession(commands, data.ToString()));
                            return;
                        default:
                            await writer.WriteLineAsync("250 ok");
                            break;
                    }
                }
                session.TrySetException(new InvalidOperationException("The client closed the connection before QUIT."));
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                session.TrySetException(e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            await serving;
        }
    }
}
