using System.Reflection;
using System.Text.RegularExpressions;
using Fledger.ScaleOut.Tests.Infrastructure;
using Fledger.SignalServer;
using Microsoft.Extensions.Configuration;

namespace Fledger.ScaleOut.Tests.Deploy;

/// <summary>
/// Docker and Kubernetes do not run here: these tests parse deploy/ and check that images, ports, health paths and
/// settings agree with each other and with <see cref="SignalServerOptions"/>.
/// </summary>
public sealed partial class DeployManifestTests
{
    private const int ContainerPort = 8080;
    private const string HealthPath = "/healthz";

    private static readonly string DeployDir = Path.Combine(RepoRoot.Path, "deploy");

    [Fact]
    public void Dockerfile_RuntimeStage_NonRootHealthCheckedServesWebNode()
    {
        var text = File.ReadAllText(Path.Combine(DeployDir, "Dockerfile"));
        var runtime = text[text.IndexOf("AS runtime", StringComparison.Ordinal)..];

        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", text);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime", text);
        Assert.Contains("signal-server/Fledger.SignalServer/Fledger.SignalServer.csproj", text);
        Assert.Contains("web-node/Fledger.WebNode/Fledger.WebNode.csproj", text);
        Assert.Matches(@"(?m)^USER app$", runtime);
        Assert.Contains($"EXPOSE {ContainerPort}", runtime);
        Assert.Contains($"http://127.0.0.1:{ContainerPort}{HealthPath}", runtime);
        Assert.Contains($"Urls=http://+:{ContainerPort}", runtime);
        Assert.Contains("SignalServer__WebNodePath=/app/wwwroot", runtime);
        Assert.Contains("COPY --from=build /out/web/wwwroot/ ./wwwroot/", runtime);
    }

    [Fact]
    public void Compose_TwoServersRedisProxyCoturn_ConsistentWithServerOptions()
    {
        var compose = Assert.Single(Yaml.LoadDocuments(Path.Combine(DeployDir, "docker-compose.yml")));
        var services = (YamlDotNet.RepresentationModel.YamlMappingNode)compose.At("services")!;
        var names = services.Children.Keys.Select(k => k.ToString()).ToHashSet();
        Assert.Superset(new HashSet<string> { "redis", "signal1", "signal2", "proxy", "coturn" }, names);

        foreach (var name in new[] { "signal1", "signal2" })
        {
            var service = services.At(name)!;
            Assert.Equal("deploy/Dockerfile", service.Text("build", "dockerfile"));
            var env = Yaml.Environment(service.At("environment"));
            Assert.Equal($"http://+:{ContainerPort}", env["Urls"]);
            Assert.Equal("redis:6379", env["SignalServer__Redis"]);
            AssertValidServerSettings(env);
            Assert.Contains($"http://127.0.0.1:{ContainerPort}{HealthPath}", service.Items("healthcheck", "test").Select(n => n.ToString()));
            Assert.Equal("service_healthy", service.Text("depends_on", "redis", "condition"));
        }

        Assert.Contains("--appendonly", services.At("redis")!.Items("command").Select(n => n.ToString()));
        var turnEnv = Yaml.Environment(services.At("coturn", "environment"));
        Assert.StartsWith("${TURN_USER", turnEnv["TURN_USER"]);
        Assert.StartsWith("${TURN_PASSWORD", turnEnv["TURN_PASSWORD"]);
        Assert.Contains("./Caddyfile:/etc/caddy/Caddyfile:ro", services.At("proxy")!.Items("volumes").Select(n => n.ToString()));

        var caddy = File.ReadAllText(Path.Combine(DeployDir, "Caddyfile"));
        Assert.Contains($"reverse_proxy signal1:{ContainerPort} signal2:{ContainerPort}", caddy);
        Assert.Contains("lb_policy cookie", caddy);
        Assert.Contains($"health_uri {HealthPath}", caddy);
    }

    [Fact]
    public void Kubernetes_DeploymentServiceIngressHpaRedis_ReferenceEachOther()
    {
        var k8s = Path.Combine(DeployDir, "k8s");
        var kustomization = Assert.Single(Yaml.LoadDocuments(Path.Combine(k8s, "kustomization.yaml")));
        var docs = kustomization.Items("resources").SelectMany(r => Yaml.LoadDocuments(Path.Combine(k8s, r.ToString()))).ToList();

        var deployment = docs.OfKind("Deployment", "signal-server");
        var container = Assert.Single(deployment.Items("spec", "template", "spec", "containers"));
        var labels = deployment.At("spec", "template", "metadata", "labels")!;
        Assert.Equal(deployment.Text("spec", "selector", "matchLabels", "app.kubernetes.io/name"), labels.Text("app.kubernetes.io/name"));
        var port = Assert.Single(container.Items("ports"));
        Assert.Equal(ContainerPort.ToString(), port.Text("containerPort"));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
        {
            Assert.Equal(HealthPath, container.Text(probe, "httpGet", "path"));
            Assert.Equal(port.Text("name"), container.Text(probe, "httpGet", "port"));
        }

        var env = Yaml.Environment(container.At("env"));
        Assert.Equal($"http://+:{ContainerPort}", env["Urls"]);
        AssertValidServerSettings(env);
        Assert.Equal("true", container.Text("securityContext", "runAsNonRoot"));

        var redisService = docs.OfKind("Service", "redis");
        Assert.Equal($"{redisService.Text("metadata", "name")}:{Assert.Single(redisService.Items("spec", "ports")).Text("port")}", env["SignalServer__Redis"]);
        docs.OfKind("Deployment", "redis");

        var service = docs.OfKind("Service", "signal-server");
        Assert.Equal(labels.Text("app.kubernetes.io/name"), service.Text("spec", "selector", "app.kubernetes.io/name"));
        var servicePort = Assert.Single(service.Items("spec", "ports"));
        Assert.Equal(port.Text("name"), servicePort.Text("targetPort"));

        var ingress = docs.OfKind("Ingress", "signal-server");
        Assert.Equal("cookie", ingress.Text("metadata", "annotations", "nginx.ingress.kubernetes.io/affinity"));
        Assert.True(int.Parse(ingress.Text("metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-read-timeout")!) >= 60);
        var backend = Assert.Single(Assert.Single(ingress.Items("spec", "rules")).Items("http", "paths")).At("backend", "service")!;
        Assert.Equal("signal-server", backend.Text("name"));
        Assert.Equal(servicePort.Text("name"), backend.Text("port", "name"));

        var hpa = docs.OfKind("HorizontalPodAutoscaler", "signal-server");
        Assert.Equal("Deployment", hpa.Text("spec", "scaleTargetRef", "kind"));
        Assert.Equal("signal-server", hpa.Text("spec", "scaleTargetRef", "name"));
        Assert.True(int.Parse(hpa.Text("spec", "minReplicas")!) >= 2);
    }

    [Fact]
    public void SystemdUnit_RunsPublishedDllWithValidSettings()
    {
        var unit = File.ReadAllText(Path.Combine(DeployDir, "systemd", "fledger-signal.service"));
        var env = EnvironmentLine().Matches(unit).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());

        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/fledger/signal-server/Fledger.SignalServer.dll", unit);
        Assert.Contains("DynamicUser=yes", unit);
        Assert.StartsWith("http://127.0.0.1:", env["Urls"]);
        AssertValidServerSettings(env);
    }

    /// <summary>Every <c>SignalServer__X</c> names an option, and the values bind and validate.</summary>
    private static void AssertValidServerSettings(IReadOnlyDictionary<string, string> env)
    {
        var properties = typeof(SignalServerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet();
        var settings = env.Where(e => e.Key.StartsWith("SignalServer__", StringComparison.Ordinal))
            .ToDictionary(e => e.Key["SignalServer__".Length..], e => (string?)e.Value);
        Assert.NotEmpty(settings);
        Assert.All(settings.Keys, key => Assert.Contains(key, properties));

        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<SignalServerOptions>(o => o.ErrorOnUnknownConfiguration = true)!;
        var result = new SignalServerOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [GeneratedRegex(@"(?m)^Environment=([A-Za-z_]+)=(.*)$")]
    private static partial Regex EnvironmentLine();
}
