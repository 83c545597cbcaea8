using System.Text;
using Mandos.Core.DBus;

namespace Mandos.Server.DBus;

/// <summary>
/// Introspection XML of the server's objects, with what upstream's post-processing adds:
/// property elements, the Deprecated and EmitsChangedSignal annotations, and upstream's
/// out-argument names.
/// </summary>
public static class BusIntrospection
{
    private const string Header =
        "<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\"\n" +
        " \"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd\">\n";

    private const string Deprecated = "<annotation name=\"org.freedesktop.DBus.Deprecated\" value=\"true\"/>";

    private const string IntrospectableXml = """
          <interface name="org.freedesktop.DBus.Introspectable">
            <method name="Introspect">
              <arg direction="out" type="s" name="xml_data"/>
            </method>
          </interface>

        """;

    private const string PropertiesXml = """
          <interface name="org.freedesktop.DBus.Properties">
            <method name="Get">
              <arg direction="in" type="s" name="interface_name"/>
              <arg direction="in" type="s" name="property_name"/>
              <arg direction="out" type="v" name="value"/>
            </method>
            <method name="Set">
              <arg direction="in" type="s" name="interface_name"/>
              <arg direction="in" type="s" name="property_name"/>
              <arg direction="in" type="v" name="value"/>
            </method>
            <method name="GetAll">
              <arg direction="in" type="s" name="interface_name"/>
              <arg direction="out" type="a{sv}" name="props"/>
            </method>
            <signal name="PropertiesChanged">
              <arg type="s" name="interface_name"/>
              <arg type="a{sv}" name="changed_properties"/>
              <arg type="as" name="invalidated_properties"/>
            </signal>
          </interface>

        """;

    private const string ObjectManagerXml = """
          <interface name="org.freedesktop.DBus.ObjectManager">
            <method name="GetManagedObjects">
              <arg direction="out" type="a{oa{sa{sv}}}" name="objpath_interfaces_and_properties"/>
            </method>
            <signal name="InterfacesAdded">
              <arg type="o" name="object_path"/>
              <arg type="a{sa{sv}}" name="interfaces_and_properties"/>
            </signal>
            <signal name="InterfacesRemoved">
              <arg type="o" name="object_path"/>
              <arg type="as" name="interfaces"/>
            </signal>
          </interface>

        """;

    private const string ServerMembers = $$$"""
            <signal name="ClientAdded">
              <arg type="o" name="objpath"/>
            </signal>
            <signal name="ClientNotFound">
              <arg type="s" name="key_id"/>
              <arg type="s" name="address"/>
            </signal>
            <signal name="ClientRemoved">
              <arg type="o" name="objpath"/>
              <arg type="s" name="name"/>
              {{{Deprecated}}}
            </signal>
            <method name="GetAllClients">
              <arg direction="out" type="ao" name="objpaths"/>
              {{{Deprecated}}}
            </method>
            <method name="GetAllClientsWithProperties">
              <arg direction="out" type="a{oa{sv}}" name="interfaces_and_properties"/>
              {{{Deprecated}}}
            </method>
            <method name="RemoveClient">
              <arg direction="in" type="o" name="object_path"/>
            </method>

        """;

    private const string ClientMembers = $"""
            <signal name="CheckerCompleted">
              <arg type="n" name="exitcode"/>
              <arg type="x" name="waitstatus"/>
              <arg type="s" name="command"/>
            </signal>
            <signal name="CheckerStarted">
              <arg type="s" name="command"/>
            </signal>
            <signal name="PropertyChanged">
              <arg type="s" name="property"/>
              <arg type="v" name="value"/>
              {Deprecated}
            </signal>
            <signal name="GotSecret"/>
            <signal name="Rejected">
              <arg type="s" name="reason"/>
            </signal>
            <signal name="NeedApproval">
              <arg type="t" name="timeout"/>
              <arg type="b" name="default"/>
            </signal>
            <method name="Approve">
              <arg direction="in" type="b" name="value"/>
            </method>
            <method name="CheckedOK"/>
            <method name="Enable">{Deprecated}</method>
            <method name="StartChecker">{Deprecated}</method>
            <method name="Disable">{Deprecated}</method>
            <method name="StopChecker">{Deprecated}</method>

        """;

    public static string Server() =>
        Header + "<node>\n" + IntrospectableXml + ObjectManagerXml +
        Interface(MandosBusNames.ServerInterface, ServerMembers, deprecated: false) +
        Interface(MandosBusNames.LegacyServerInterface, ServerMembers, deprecated: true) +
        "  <node name=\"clients\"/>\n</node>\n";

    /// <summary>/clients: just the child nodes, one per client.</summary>
    public static string ClientsNode(IEnumerable<string> childNames) =>
        Header + "<node>\n" + IntrospectableXml + string.Concat(childNames.Select(n => $"  <node name=\"{n}\"/>\n")) + "</node>\n";

    public static string Client() =>
        Header + "<node>\n" + IntrospectableXml + PropertiesXml +
        Interface(MandosBusNames.ClientInterface, ClientMembers + ClientPropertiesXml(), deprecated: false) +
        Interface(MandosBusNames.LegacyClientInterface, ClientMembers + ClientPropertiesXml(), deprecated: true) +
        "</node>\n";

    private static string Interface(string name, string members, bool deprecated) =>
        $"  <interface name=\"{name}\">\n{members}{(deprecated ? "    " + Deprecated + "\n" : "")}  </interface>\n";

    private static string ClientPropertiesXml()
    {
        var xml = new StringBuilder();
        foreach (ClientBusProperty p in ClientBusProperties.All)
        {
            string access = p.Access switch { PropertyAccess.Read => "read", PropertyAccess.Write => "write", _ => "readwrite" };
            xml.Append($"    <property name=\"{p.Name}\" type=\"{p.Signature}\" access=\"{access}\"");
            string? emits = p.Emits switch { ChangeSignal.Const => "const", ChangeSignal.Invalidates => "invalidates", _ => null };
            bool deprecated = p.Name == "ObjectPath";
            if (emits is null && !deprecated)
            {
                xml.Append("/>\n");
                continue;
            }
            xml.Append(">\n");
            if (emits is not null)
            {
                xml.Append($"      <annotation name=\"org.freedesktop.DBus.Property.EmitsChangedSignal\" value=\"{emits}\"/>\n");
            }
            if (deprecated)
            {
                xml.Append("      " + Deprecated + "\n");
            }
            xml.Append("    </property>\n");
        }
        return xml.ToString();
    }
}
