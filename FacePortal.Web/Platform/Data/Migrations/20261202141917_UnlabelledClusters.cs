using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FacePortal.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnlabelledClusters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Unlabelled",
                table: "FaceIdentities",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "FaceClusters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GalleryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Threshold = table.Column<double>(type: "REAL", nullable: false),
                    Cohesion = table.Column<double>(type: "REAL", nullable: false),
                    JobId = table.Column<int>(type: "INTEGER", nullable: true),
                    ImageIds = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceClusters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FaceClusters_Galleries_GalleryId",
                        column: x => x.GalleryId,
                        principalTable: "Galleries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SuggestionRejections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GalleryId = table.Column<int>(type: "INTEGER", nullable: false),
                    ImageId = table.Column<int>(type: "INTEGER", nullable: false),
                    IdentityId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionRejections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SuggestionRejections_Galleries_GalleryId",
                        column: x => x.GalleryId,
                        principalTable: "Galleries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FaceClusters_GalleryId",
                table: "FaceClusters",
                column: "GalleryId");

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionRejections_GalleryId_ImageId_IdentityId",
                table: "SuggestionRejections",
                columns: new[] { "GalleryId", "ImageId", "IdentityId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FaceClusters");

            migrationBuilder.DropTable(
                name: "SuggestionRejections");

            migrationBuilder.DropColumn(
                name: "Unlabelled",
                table: "FaceIdentities");
        }
    }
}
