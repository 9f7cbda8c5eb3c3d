package io.cellchat.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of the build (see the root pom.xml). Like Kafka's import-control, they say who may import
 * whom, so the layout keeps telling the architecture as the code grows.
 */
@AnalyzeClasses(packages = "io.cellchat", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    /** The domain is pure: model and rules on the JDK's value types, no I/O, no framework. */
    @ArchTest
    static final ArchRule domain_does_no_io_and_uses_no_framework = classes()
            .that().resideInAPackage("io.cellchat.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.cellchat.domain..", "java.lang..", "java.util..", "java.time..", "java.math..",
                    "java.nio.charset..", "java.text..", "org.jspecify.annotations..")
            .because("domain holds the rules every adapter shares; I/O belongs in platform and in service adapters");

    @ArchTest
    static final ArchRule contracts_depend_on_nothing_of_ours = noClasses()
            .that().resideInAPackage("io.cellchat.contracts..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.cellchat.domain..", "io.cellchat.platform..", "io.cellchat.services..", "io.cellchat.app..");

    /** Platform modules wrap technologies; chat logic lives in services and domain rules. */
    @ArchTest
    static final ArchRule platform_holds_no_chat_logic = noClasses()
            .that().resideInAPackage("io.cellchat.platform..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.cellchat.services..", "io.cellchat.app..", "io.cellchat.contracts..",
                    "io.cellchat.domain.chat..")
            .because("platform is one module per technology, reusable by every service");

    /** The backplane's codec and topics serve every role; it must not know any of them. */
    @ArchTest
    static final ArchRule backplane_knows_no_service = noClasses()
            .that().resideInAPackage("io.cellchat.backplane..")
            .should().dependOnClassesThat().resideInAnyPackage("io.cellchat.services..", "io.cellchat.app..")
            .because("every role that reads or writes Kafka shares the backplane; it holds records, not behaviour");

    /** The calls between roles serve every composition; they adapt ports and must not know any service. */
    @ArchTest
    static final ArchRule rpc_knows_no_service = noClasses()
            .that().resideInAPackage("io.cellchat.rpc..")
            .should().dependOnClassesThat().resideInAnyPackage("io.cellchat.services..", "io.cellchat.app..")
            .because("a gRPC client implements a domain port and its server wraps one; services stay unaware of both");

    @ArchTest
    static final ArchRule services_do_not_reach_into_each_other = slices()
            .matching("io.cellchat.services.(*)..")
            .should().notDependOnEachOther()
            .because("services talk through ports, the event bus and contracts, so each can run as its own process");

    @ArchTest
    static final ArchRule only_the_app_composes = noClasses()
            .that().resideOutsideOfPackage("io.cellchat.app..")
            .should().dependOnClassesThat().resideInAPackage("io.cellchat.app..");
}
